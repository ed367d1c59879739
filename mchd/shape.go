package mchd

// Shape is who gives a direct power of attorney and who acts for the
// principal without one: the single classification of the principal that
// the signer binding, the upload variants and the test builders share.
type Shape int

// The shapes of the principal.
const (
	// ShapeUnknown: the principal is missing or its content contradicts its
	// type.
	ShapeUnknown Shape = iota
	// ShapeHead: a Russian organisation whose director, a person, acts
	// without a power of attorney (ЕИОФЛ=1).
	ShapeHead
	// ShapeManagingOrganisation: a Russian organisation run by a managing
	// organisation (ЕИОУК=1, СВЮЛ with СвЮЛЕИО and СвФЛ).
	ShapeManagingOrganisation
	// ShapeEntrepreneur: an individual entrepreneur principal
	// (ТипДоверит=3).
	ShapeEntrepreneur
	// ShapeEntrepreneurManager: a Russian organisation run by an individual
	// entrepreneur as its manager (ЕИОИП=1).
	ShapeEntrepreneurManager
	// ShapeNoExecutive: a Russian organisation with none of the flags
	// ЕИОУК, ЕИОФЛ, ЕИОИП set.
	ShapeNoExecutive
	// ShapePerson: a natural person principal.
	ShapePerson
	// ShapeForeignOrganisation: a foreign organisation principal.
	ShapeForeignOrganisation
)

// String returns the shape in English.
func (s Shape) String() string {
	switch s {
	case ShapeHead:
		return "head"
	case ShapeManagingOrganisation:
		return "managing"
	case ShapeEntrepreneur:
		return "entrepreneur"
	case ShapeEntrepreneurManager:
		return "entrepreneur-manager"
	case ShapeNoExecutive:
		return "no-executive"
	case ShapePerson:
		return "person"
	case ShapeForeignOrganisation:
		return "foreign"
	}
	return "unknown"
}

// Russian describes the principal of the shape for messages.
func (s Shape) Russian() string {
	switch s {
	case ShapeHead:
		return "доверитель — организация, от имени которой действует руководитель (ЕИОФЛ)"
	case ShapeManagingOrganisation:
		return "доверитель — организация, от имени которой действует управляющая организация (ЕИОУК)"
	case ShapeEntrepreneur:
		return "доверитель — индивидуальный предприниматель"
	case ShapeEntrepreneurManager:
		return "доверитель — организация, от имени которой действует управляющий — индивидуальный предприниматель (ЕИОИП)"
	case ShapeNoExecutive:
		return "у доверителя-организации не указан единоличный исполнительный орган (ЕИОУК/ЕИОФЛ/ЕИОИП)"
	case ShapePerson:
		return "доверитель — физическое лицо"
	case ShapeForeignOrganisation:
		return "доверитель — иностранная организация"
	}
	return "вид доверителя не соответствует сведениям о нём"
}

// Shape classifies the principal. ЕИОУК is looked at before ЕИОФЛ and
// ЕИОИП; a document setting several of them is reported by MCHD-EIO-FLAGS.
func (p *Principal) Shape() Shape {
	switch {
	case p == nil:
		return ShapeUnknown
	case p.Type == PrincipalRussianOrg && p.RussianOrg != nil:
		switch o := p.RussianOrg; {
		case o.EIOUK == "1":
			return ShapeManagingOrganisation
		case o.EIOFL == "1":
			return ShapeHead
		case o.EIOIP == "1":
			return ShapeEntrepreneurManager
		}
		return ShapeNoExecutive
	case p.Type == PrincipalEntrepreneur && p.Entrepreneur != nil:
		return ShapeEntrepreneur
	case p.Type == PrincipalPerson:
		return ShapePerson
	case p.Type == PrincipalForeignOrg:
		return ShapeForeignOrganisation
	}
	return ShapeUnknown
}
