package whoop

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Partner is one lab partner registered with the simulated WHOOP.
type Partner struct {
	ClientID, ClientSecret string
}

// DefaultPartners are two lab partners, so ownership can be tested.
func DefaultPartners() []Partner {
	return []Partner{{ClientID: "lab-partner-sim", ClientSecret: "lab-partner-sim-secret"}, {ClientID: "lab-partner-other", ClientSecret: "lab-partner-other-secret"}}
}

// labOrder is a requisition with its owner.
type labOrder struct {
	owner string
	req   LabRequisition
}

// labCodes are the tests every simulated requisition orders.
var labCodes = [...]struct{ code, desc string }{{"LIPID_PANEL", "Fasting lipid panel"}, {"CBC", "Complete blood count"}}

// seedLabs orders one requisition per person, owned by the partners in
// turn: person i's lab is partner i mod len(partners). The patient is the
// person (id, name, birth date and the email of their WHOOP profile).
func seedLabs(w *truth.World, partners []Partner, seed int64) []*labOrder {
	var out []*labOrder
	for i, p := range w.People() {
		created := w.Now().Add(-time.Duration(48+i) * time.Hour).Truncate(time.Second)
		req := LabRequisition{
			ID: LabRequisitionID(seed, i), CreatedAt: wt(created), UpdatedAt: wt(created),
			Patient: Patient{ID: p.Key, FirstName: p.Profile.FirstName, LastName: p.Profile.LastName,
				BirthDate: p.Profile.BirthDate.Format(time.DateOnly), Email: p.Profile.Email},
		}
		var srIDs []string
		for n, c := range labCodes {
			sr := ServiceRequest{ID: LabServiceRequestID(seed, i, n), Status: "active", Intent: "order", Code: c.code, TaskDescription: c.desc}
			req.ServiceRequests = append(req.ServiceRequests, sr)
			srIDs = append(srIDs, sr.ID)
		}
		req.Appointments = []Appointment{{ServiceRequestIDs: srIDs, StartTime: wt(created.Add(72 * time.Hour)), SlotID: "slot-" + strconv.Itoa(100+i),
			CollectionAddress: &CollectionAddress{Building: "Tower " + strconv.Itoa(i+1), Area: "Marina", Emirate: "Dubai", FlatNo: strconv.Itoa(1001 + i)}}}
		out = append(out, &labOrder{owner: partners[i%len(partners)].ClientID, req: req})
	}
	return out
}

// LabRequisitionID is the id of person i's seeded requisition on a
// server seeded with seed, and LabServiceRequestID that of its n-th
// service request: the demo names them to its reader, as WHOOP would tell
// a partner of a new order.
func LabRequisitionID(seed int64, i int) string { return labUUID(seed, "requisition", i, 0) }

// LabServiceRequestID: see LabRequisitionID.
func LabServiceRequestID(seed int64, i, n int) string { return labUUID(seed, "service-request", i, n) }

// labUUID is a deterministic version-4-shaped UUID.
func labUUID(seed int64, kind string, i, n int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%d/%s/%d/%d", seed, kind, i, n))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
