package main

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/egisz-lk/registrar/application"
	"github.com/egisz-lk/registrar/examples/internal/config"
)

// apiError is an error answer: an HTTP status, a stable machine code and
// a Russian message for people.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func errMalformed(msg string) *apiError {
	return &apiError{http.StatusBadRequest, "malformed_request", msg}
}

// The errors of a request as a whole.
var (
	errTooLarge = &apiError{http.StatusRequestEntityTooLarge, "request_too_large",
		"Запрос слишком большой: уменьшите размер файлов"}
	errTooManyParts = &apiError{http.StatusBadRequest, "too_many_parts",
		"В форме слишком много полей"}
	errNotMultipart = &apiError{http.StatusBadRequest, "malformed_request",
		"Ожидается форма с файлами (multipart/form-data)"}
	errNotFound = &apiError{http.StatusNotFound, "not_found", "Заявка не найдена"}
)

// field kinds of a form.
const (
	fieldText = iota
	fieldFile
)

// form is a read multipart form: each field at most once.
type form struct {
	values    map[string][]byte
	filenames map[string]string
}

func (f *form) text(name string) string { return strings.TrimSpace(string(f.values[name])) }

// readForm reads a multipart form whose fields are all in allowed (name →
// fieldText or fieldFile), within the limits: the request body, each file,
// each text field and the number of parts. Nothing read is logged or
// written anywhere; file names are kept as text only.
func (s *server) readForm(w http.ResponseWriter, r *http.Request, allowed map[string]int) (*form, *apiError) {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, errNotMultipart
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.Limits.Request)
	mr := multipart.NewReader(r.Body, params["boundary"])
	f := &form{values: map[string][]byte{}, filenames: map[string]string{}}
	for parts := 0; ; parts++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err, "Форма повреждена: не удалось прочитать её части")
		}
		if parts >= s.Limits.Parts {
			p.Close()
			return nil, errTooManyParts
		}
		name := p.FormName()
		kind, ok := allowed[name]
		switch {
		case name == "":
			p.Close()
			return nil, errMalformed("В форме есть часть без имени поля")
		case !ok:
			p.Close()
			return nil, &apiError{http.StatusBadRequest, "unknown_field", "Неизвестное поле формы «" + clip(name) + "»"}
		case f.values[name] != nil:
			p.Close()
			return nil, &apiError{http.StatusBadRequest, "duplicate_field", "Поле формы «" + name + "» передано дважды"}
		}
		limit := s.Limits.Text
		if kind == fieldFile {
			limit = s.Limits.File
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		p.Close()
		if err != nil {
			return nil, bodyError(err, "Форма повреждена: не удалось прочитать поле «"+name+"»")
		}
		if int64(len(data)) > limit {
			return nil, &apiError{http.StatusRequestEntityTooLarge, "file_too_large",
				"Файл или поле «" + name + "» слишком большое: не больше " + sizeRU(limit)}
		}
		if data == nil {
			data = []byte{}
		}
		f.values[name] = data
		if fn := p.FileName(); fn != "" {
			f.filenames[name] = fn
		}
	}
	return f, nil
}

// bodyError is the error of reading a body: too large, or malformed.
func bodyError(err error, msg string) *apiError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return errMalformed(msg)
}

// clip shortens a name taken from a request for a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func sizeRU(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return itoa(n>>20) + " МБ"
	case n >= 1<<10 && n%(1<<10) == 0:
		return itoa(n>>10) + " КБ"
	}
	return itoa(n) + " байт"
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

// The fields of an upload.
var uploadFields = map[string]int{
	"variant": fieldText, "certificate": fieldFile, "mchd": fieldFile, "mchd_signature": fieldFile, "applicant": fieldFile,
}

// The fields of an application: an upload and the editable fields.
var applicationFields = map[string]int{
	"variant": fieldText, "certificate": fieldFile, "mchd": fieldFile, "mchd_signature": fieldFile, "applicant": fieldFile,
	"region": fieldText, "position": fieldText, "email": fieldText, "phone": fieldText,
}

// upload reads the upload of a form: the variant and the files. The
// applicant JSON is read when the form has one.
func upload(f *form) (application.Upload, *application.Applicant, *apiError) {
	v, err := application.ParseVariant(f.text("variant"))
	if err != nil {
		return application.Upload{}, nil, &apiError{http.StatusBadRequest, "bad_variant",
			"Выберите вариант загрузки документов: head, representative или managing"}
	}
	u := application.Upload{Variant: v, Certificate: f.values["certificate"], MCHD: f.values["mchd"],
		MCHDSignature: f.values["mchd_signature"], MCHDFileName: baseName(f.filenames["mchd"])}
	if len(u.Certificate) == 0 {
		return u, nil, &apiError{http.StatusBadRequest, "missing_certificate", "Не загружен файл сертификата"}
	}
	var a *application.Applicant
	if data, ok := f.values["applicant"]; ok {
		if a, err = config.DecodeApplicant(data); err != nil {
			return u, nil, &apiError{http.StatusBadRequest, "bad_applicant",
				"Данные учётной записи ЕСИА (applicant) не прочитаны: ожидается JSON с полями surname, given_name, patronymic, snils, inn, email, phone, account_level"}
		}
	}
	return u, a, nil
}

// baseName keeps the last element of an uploaded file name (browsers may
// send a path); it is only ever compared with the МЧД's ИдФайл, never used
// as a path.
func baseName(s string) string {
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// fields reads the editable fields of a form.
func fields(f *form) application.Fields {
	return application.Fields{RegionCode: f.text("region"), Position: f.text("position"), Email: f.text("email"), Phone: f.text("phone")}
}
