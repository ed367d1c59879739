package store_test

import (
	"testing"
	"time"

	"github.com/egisz-lk/registrar/store"
	"github.com/egisz-lk/registrar/store/storetest"
)

func TestAccessMemory(t *testing.T) {
	t.Parallel()
	storetest.RunAccess(t, func(t *testing.T, now func() time.Time) store.AccessStore { return store.NewAccessMemory(now) })
}
