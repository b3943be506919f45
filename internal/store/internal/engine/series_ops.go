package engine

import (
	"context"
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

// SeriesOps is row access to series blocks.
type SeriesOps interface {
	// LockBlock serializes writers of one block until the transaction
	// ends, so two concurrent merges cannot lose each other's samples.
	LockBlock(ctx context.Context, dataSourceID string, typeID int, day int64) error
	GetBlock(ctx context.Context, dataSourceID string, typeID int, day int64) (Block, error)
	// PutBlock inserts or replaces the block at its key.
	PutBlock(ctx context.Context, b Block) error
	DeleteBlock(ctx context.Context, dataSourceID string, typeID int, day int64) error
	// SourceBlocks lists one (data source, type)'s blocks with Day in
	// [fromDay, toDay], by day.
	SourceBlocks(ctx context.Context, dataSourceID string, typeID int, fromDay, toDay int64) ([]Block, error)
	// BlocksInRange lists blocks ordered by data source, type and day.
	BlocksInRange(ctx context.Context, q BlockQuery) ([]Block, error)
}
