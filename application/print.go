package application

import (
	"bytes"
	"html/template"
	"time"

	"github.com/egisz-lk/registrar/check"

	"github.com/egisz-lk/registrar/internal/msk"
)

var printTemplate = template.Must(template.New("print").Funcs(template.FuncMap{
	"ts":   func(t time.Time) string { return t.UTC().Format(timeLayout) },
	"msk":  func(t time.Time) string { return msk.DateTimeSeconds(t) },
	"date": func(t time.Time) string { return t.Format(dateLayout) },
}).Parse(`<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<title>Печатная форма заявки {{.ID}}</title>
<style>
body { font-family: "PT Serif", "Times New Roman", serif; max-width: 60em; margin: 2em auto; color: #111; }
h1 { font-size: 1.4em; text-align: center; }
h2 { font-size: 1.1em; margin-top: 1.5em; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
th { width: 30%; background: #f3f3f3; font-weight: normal; }
td.mono { font-family: monospace; word-break: break-all; }
.pass { color: #075; } .warn { color: #a60; } .skip { color: #666; }
.fail { color: #b00; } .indeterminate { color: #a60; font-weight: bold; }
.waived { display: inline-block; margin-top: .2em; padding: 0 .3em; border: 1px solid #a60; color: #a60; }
</style>
</head>
<body>
<h1>Печатная форма заявки<br>на предоставление доступа к ЛК ЕГИСЗ с полномочием «{{.Power}}»</h1>
<h2>Заявка</h2>
<table>
<tr><th>Идентификатор</th><td class="mono">{{.ID}}</td></tr>
{{with .Number}}<tr><th>Номер</th><td>{{.}}</td></tr>{{end}}
<tr><th>Вариант загрузки документов</th><td>{{.VariantRU}} ({{.VariantCode}})</td></tr>
<tr><th>Дата создания</th><td>{{ts .Created}} ({{msk .Created}})</td></tr>
<tr><th>Полномочие</th><td>{{.Power}} ({{.PowerCode}})</td></tr>
</table>
<h2>Заявитель</h2>
<table>
<tr><th>Фамилия</th><td>{{.Applicant.Surname}}</td></tr>
<tr><th>Имя</th><td>{{.Applicant.GivenName}}</td></tr>
{{with .Applicant.Patronymic}}<tr><th>Отчество</th><td>{{.}}</td></tr>{{end}}
<tr><th>СНИЛС</th><td>{{.Applicant.SNILS}}</td></tr>
{{with .Applicant.INN}}<tr><th>ИНН</th><td>{{.}}</td></tr>{{end}}
{{with .Fields.Position}}<tr><th>Должность</th><td>{{.}}</td></tr>{{end}}
{{with .Fields.Email}}<tr><th>Электронная почта</th><td>{{.}}</td></tr>{{end}}
{{with .Fields.Phone}}<tr><th>Телефон</th><td>{{.}}</td></tr>{{end}}
{{if .Fields.RegionCode}}<tr><th>Регион</th><td>{{.Fields.RegionCode}} {{.RegionName}}</td></tr>{{end}}
</table>
<h2>Организация</h2>
<table>
<tr><th>Наименование</th><td>{{.Organisation.Name}}</td></tr>
<tr><th>ИНН</th><td>{{.Organisation.INN}}</td></tr>
{{with .Organisation.KPP}}<tr><th>КПП</th><td>{{.}}</td></tr>{{end}}
{{with .Organisation.OGRN}}<tr><th>ОГРН</th><td>{{.}}</td></tr>{{end}}
{{with .Organisation.OGRNIP}}<tr><th>ОГРНИП</th><td>{{.}}</td></tr>{{end}}
</table>
<h2>Документы</h2>
{{define "cert"}}<table>
<tr><th>Серийный номер</th><td class="mono">{{.SerialNumber}}</td></tr>
<tr><th>Владелец</th><td>{{.Subject}}</td></tr>
<tr><th>Издатель</th><td>{{.Issuer}}</td></tr>
<tr><th>Действует с</th><td>{{ts .NotBefore}}</td></tr>
<tr><th>Действует по</th><td>{{ts .NotAfter}}</td></tr>
<tr><th>Отпечаток SHA-1</th><td class="mono">{{.FingerprintSHA1}}</td></tr>
{{with .FingerprintStreebog256}}<tr><th>Отпечаток Стрибог-256</th><td class="mono">{{.}}</td></tr>{{end}}
</table>{{end}}
<h3>Сертификат ключа проверки электронной подписи</h3>
{{template "cert" .Documents.Certificate}}
{{with .Documents.MCHD}}<h3>Машиночитаемая доверенность</h3>
<table>
<tr><th>Номер доверенности</th><td class="mono">{{.Number}}</td></tr>
<tr><th>Дата выдачи</th><td>{{date .IssueDate}}</td></tr>
<tr><th>Действует по</th><td>{{date .ExpiryDate}}</td></tr>
<tr><th>Код полномочия</th><td>{{.PowerCode}}</td></tr>
</table>
{{with .Signer}}<h3>Сертификат, которым подписана доверенность</h3>
{{template "cert" .}}{{end}}{{end}}
<h2>Результат проверки документов</h2>
<p>Итог: <b class="{{.Report.Verdict}}">{{.VerdictRU}}</b> ({{.Report.Verdict}}), проверено {{ts .Report.CheckedAt}}.</p>
{{with .Waived}}<p class="waived">Не проверены и приняты по явному разрешению: {{range $i, $w := .}}{{if $i}}; {{end}}{{$w.Russian}}{{end}}.</p>{{end}}
{{if .Report.Results}}<table>
<tr><th>Проверка</th><td><b>Результат</b></td></tr>
{{range .Report.Results}}<tr><th class="mono">{{.ID}}<br><span class="{{.Status}}">{{.Status.Russian}}</span></th>
<td>{{.Message}}{{if .Waived}}<br><span class="waived">принято без проверки: {{.Waiver.Russian}} ({{.Waiver}})</span>{{end}}{{with .Detail}}<br><small>{{.}}</small>{{end}}<br><small>Основание: {{.Citation}}</small></td></tr>
{{end}}</table>{{end}}
<h2>Состояние</h2>
<p>{{.StateRU}}</p>
</body>
</html>
`))

type printData struct {
	*Application
	Power, PowerCode       string
	VariantRU, VariantCode string
	RegionName             string
	VerdictRU, StateRU     string
	// Waived are the facts accepted unchecked, in the order of the results.
	Waived []check.Waiver
}

// PrintHTML renders the print form of the application in Russian
// («Печатная форма заявки»): every field of the XML, the documents with
// their key facts and the verdicts, escaped by html/template. The content
// must be valid (as for Marshal).
func (a *Application) PrintHTML() ([]byte, error) {
	if err := a.Content.validate(); err != nil {
		return nil, err
	}
	region, _ := RegionName(a.Fields.RegionCode)
	d := printData{Application: a, Power: PowerName, PowerCode: PowerCode,
		VariantRU: a.Variant.Russian(), VariantCode: a.Variant.Code(), RegionName: region,
		VerdictRU: a.Report.Verdict.Russian(), StateRU: a.Lifecycle.State.Russian(),
		Waived: a.Report.Results.Waived()}
	var b bytes.Buffer
	if err := printTemplate.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
