package store_test

import (
	"testing"
	"time"

	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/storetest"
)

func TestMemory(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T, now func() time.Time) store.Store { return store.NewMemory(now) })
}
