package access_test

import (
	"testing"

	"github.com/egisz-lk/registrar/access"
	"github.com/egisz-lk/registrar/access/registertest"
)

func TestMemoryContract(t *testing.T) {
	t.Parallel()
	registertest.Run(t, func(*testing.T) access.Register { return &access.Memory{} })
}
