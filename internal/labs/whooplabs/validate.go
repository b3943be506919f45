package whooplabs

import (
	"math"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Limits on what is sent; WHOOP documents none, these keep obvious
// mistakes (a pasted document as a status) from reaching it.
const (
	maxStatusLen      = 100
	maxReasonLen      = 1000
	maxObservations   = 500
	maxObservationLen = 200
)

// ReportStatuses are the diagnostic report statuses WHOOP accepts
// (partner docs, "Submit Diagnostic Results").
func ReportStatuses() []string {
	return []string{"final", "partial", "preliminary", "amended", "corrected", "cancelled"}
}

// ValidateID checks an id is the UUID WHOOP's routes expect.
func ValidateID(what, id string) error {
	if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
		return invalid("%s %q is not a UUID", what, id)
	}
	return nil
}

// ValidateStatus checks a status update.
func ValidateStatus(u StatusUpdate) error {
	s := strings.TrimSpace(u.TaskBusinessStatus)
	switch {
	case s == "":
		return invalid("task_business_status is required")
	case len(s) > maxStatusLen:
		return invalid("task_business_status is longer than %d characters", maxStatusLen)
	case u.Reason != nil && len(*u.Reason) > maxReasonLen:
		return invalid("reason is longer than %d characters", maxReasonLen)
	}
	return nil
}

// ValidateReport checks a diagnostic report: a known status, and every
// observation with a code and exactly one finite number or a text.
func ValidateReport(d DiagnosticReport) error {
	if !slices.Contains(ReportStatuses(), d.Status) {
		return invalid("status %q is not one of %s", d.Status, strings.Join(ReportStatuses(), ", "))
	}
	if len(d.Observations) > maxObservations {
		return invalid("more than %d observations", maxObservations)
	}
	for i, o := range d.Observations {
		switch {
		case strings.TrimSpace(o.Code) == "" || len(o.Code) > maxObservationLen:
			return invalid("observations[%d].code is required (at most %d characters)", i, maxObservationLen)
		case (o.ValueNumeric == nil) == (o.ValueText == nil):
			return invalid("observations[%d] needs exactly one of value_numeric and value_text", i)
		case o.ValueNumeric != nil && (math.IsNaN(*o.ValueNumeric) || math.IsInf(*o.ValueNumeric, 0)):
			return invalid("observations[%d].value_numeric is not a finite number", i)
		case o.ValueText != nil && len(*o.ValueText) > maxReasonLen:
			return invalid("observations[%d].value_text is longer than %d characters", i, maxReasonLen)
		}
	}
	return nil
}
