package entities_test

import (
	"context"
	"testing"
	"time"

	"github.com/graphapi/graphapi/internal/entities"
)

func TestTimeLeft(t *testing.T) {
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	soon, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	late, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		limit    time.Duration
		min, max time.Duration
	}{
		{"no deadline: the limit", context.Background(), 30 * time.Second, 30 * time.Second, 30 * time.Second},
		{"a later deadline: the limit", late, 30 * time.Second, 30 * time.Second, 30 * time.Second},
		{"a sooner deadline: what is left of it", soon, 30 * time.Second, time.Second, 2 * time.Second},
		{"a passed deadline: a millisecond, never zero", expired, 30 * time.Second, time.Millisecond, time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := entities.TimeLeft(tt.ctx, tt.limit); got < tt.min || got > tt.max {
				t.Errorf("TimeLeft = %v, want within [%v, %v]", got, tt.min, tt.max)
			}
		})
	}
}

func TestContextError(t *testing.T) {
	expired, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		wantCode string
	}{
		{"running", context.Background(), ""},
		{"deadline passed", expired, entities.ETIMEOUT},
		{"caller went away", cancelled, entities.ETIMEOUT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := entities.ContextError(tt.ctx)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("ContextError = %v, want nil", err)
				}
				return
			}
			if got := entities.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("ContextError = %v (code %q), want code %q", err, got, tt.wantCode)
			}
		})
	}
	if msg := entities.TimedOut(1500 * time.Millisecond).Message; msg == entities.TimedOut(0).Message {
		t.Errorf("TimedOut names no limit: %q", msg)
	}
}
