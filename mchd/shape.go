package mchd

// Shape is the shape of a power of attorney by its principal: an
// organisation whose director acts without a power of attorney, an
// organisation managed by a managing organisation, or an individual
// entrepreneur. Package mchdtest builds synthetic documents of each shape.
type Shape int

// The shapes.
const (
	// ShapeHead: a Russian organisation principal whose director (ЕИОФЛ=1)
	// acts without a power of attorney; the representative is a person.
	ShapeHead Shape = iota + 1
	// ShapeManagingOrganisation: a Russian organisation managed by a managing
	// organisation (ЕИОУК=1, СВЮЛ with СвЮЛЕИО and СвФЛ+).
	ShapeManagingOrganisation
	// ShapeEntrepreneur: an individual entrepreneur principal (ТипДоверит=3).
	ShapeEntrepreneur
)
