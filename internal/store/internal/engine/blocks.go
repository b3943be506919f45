package engine

import (
	"time"
)

// Block is one stored series block: a data source's samples of one series
// type on one UTC day, with the header stats kept as columns.
type Block struct {
	DataSourceID string
	TypeID       int
	Day          int64 // UTC midnight, Unix ms
	UserID       string
	Count        int
	First, Last  int64 // Unix ms
	Min, Max     float64
	Sum          float64
	Payload      []byte
	UpdatedAt    time.Time
}

// BlockQuery selects a user's blocks with Day in [FromDay, ToDay]; empty
// TypeIDs or DataSourceIDs match all.
type BlockQuery struct {
	UserID        string
	TypeIDs       []int
	DataSourceIDs []string
	FromDay       int64
	ToDay         int64
}
