module github.com/egisz-lk/registrar

go 1.26.0

require (
	github.com/beevik/etree v1.8.1
	golang.org/x/crypto v0.58.0
	golang.org/x/text v0.43.0
)
