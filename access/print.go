package access

import (
	"bytes"
	"html/template"
	"time"

	"github.com/egisz-lk/registrar/internal/msk"
)

var printTemplate = template.Must(template.New("print").Funcs(template.FuncMap{
	"ts":   func(t time.Time) string { return t.UTC().Format(timeLayout) },
	"msk":  func(t time.Time) string { return msk.DateTimeSeconds(t) },
	"date": func(t time.Time) string { return t.Format("02.01.2006") },
}).Parse(`<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Печатная форма заявки на доступ {{.ID}}</title>
<style>
body { font-family: "PT Serif", "Times New Roman", serif; max-width: 60em; margin: 2em auto; color: #111; }
h1 { font-size: 1.4em; text-align: center; }
h2 { font-size: 1.1em; margin-top: 1.5em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
th { width: 30%; background: #f3f3f3; font-weight: normal; }
td.mono { font-family: monospace; word-break: break-all; }
</style>
</head>
<body>
<h1>Печатная форма заявки<br>на {{.ActionRU}} к подсистемам (компонентам) ЕГИСЗ</h1>
<h2>Заявка</h2>
<table>
<tr><th>Идентификатор</th><td class="mono">{{.ID}}</td></tr>
{{with .Number}}<tr><th>Номер</th><td>{{.}}</td></tr>{{end}}
<tr><th>Вид заявки</th><td>{{.ActionRU}} ({{.ActionCode}})</td></tr>
<tr><th>Дата создания</th><td>{{ts .Created}} ({{msk .Created}})</td></tr>
{{with .Revokes}}<tr><th>Отзываемое предоставление</th><td class="mono">{{.}}</td></tr>{{end}}
</table>
<h2>Организация</h2>
<table>
<tr><th>Наименование</th><td>{{.Organisation.Name}}</td></tr>
<tr><th>ИНН</th><td>{{.Organisation.INN}}</td></tr>
{{with .Organisation.KPP}}<tr><th>КПП</th><td>{{.}}</td></tr>{{end}}
{{with .Organisation.OGRN}}<tr><th>ОГРН</th><td>{{.}}</td></tr>{{end}}
{{with .Organisation.OGRNIP}}<tr><th>ОГРНИП</th><td>{{.}}</td></tr>{{end}}
</table>
<h2>Регистратор</h2>
<table>
<tr><th>ФИО</th><td>{{.Registrar.Person.FullName}}</td></tr>
<tr><th>СНИЛС</th><td>{{.Registrar.Person.SNILS}}</td></tr>
<tr><th>Вариант регистрации</th><td>{{.Registrar.Variant.Russian}} ({{.Registrar.Variant.Code}})</td></tr>
<tr><th>Заявка на регистрацию</th><td class="mono">{{.Registrar.ApplicationID}}</td></tr>
{{with .Registrar.MCHD}}<tr><th>Доверенность</th><td>№ {{.Number}}, с {{date .IssueDate}} по {{date .ExpiryDate}}, полномочие {{.PowerCode}}</td></tr>{{end}}
</table>
<h2>Сотрудник</h2>
<table>
<tr><th>Фамилия</th><td>{{.Employee.Surname}}</td></tr>
<tr><th>Имя</th><td>{{.Employee.GivenName}}</td></tr>
{{with .Employee.Patronymic}}<tr><th>Отчество</th><td>{{.}}</td></tr>{{end}}
<tr><th>СНИЛС</th><td>{{.Employee.SNILS}}</td></tr>
<tr><th>Электронная почта</th><td>{{.Employee.Email}}</td></tr>
<tr><th>Должность</th><td>{{.Employee.Position}}</td></tr>
</table>
<h2>{{if eq .ActionCode "revoke"}}Отзываемый доступ{{else}}Предоставляемый доступ{{end}}</h2>
<table>
<tr><th>Полномочие</th><td>{{.PowerRU}} ({{.Power}})</td></tr>
{{range .Subsystems}}<tr><th>Подсистема {{.Code}}</th><td>{{.Name}}</td></tr>
{{end}}<tr><th>{{if eq .ActionCode "revoke"}}Доступ прекращается с{{else}}Действует с{{end}}</th><td>{{date .ValidFrom}}</td></tr>
{{if not .ValidTo.IsZero}}<tr><th>Действует по</th><td>{{date .ValidTo}}</td></tr>{{end}}
</table>
<h2>Состояние</h2>
<p>{{.StateRU}}</p>
</body>
</html>
`))

type printData struct {
	*Request
	ActionRU, ActionCode string
	PowerRU, StateRU     string
}

// PrintHTML renders the print form of the request in Russian («Печатная
// форма заявки на предоставление (отзыв) доступа»): every field of the
// XML, escaped by html/template. The content must be valid (as for
// Marshal).
func (r *Request) PrintHTML() ([]byte, error) {
	if err := r.Content.validate(); err != nil {
		return nil, err
	}
	d := printData{Request: r, ActionRU: r.Action.Russian(), ActionCode: r.Action.Code(),
		PowerRU: powerLabel(r.Power), StateRU: r.Lifecycle.State.Russian()}
	var b bytes.Buffer
	if err := printTemplate.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
