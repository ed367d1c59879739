module github.com/egisz-lk/registrar

go 1.26
