// Command stock-worker recounts stock in PostgreSQL every few seconds and publishes the totals to Redis.
package main

import (
	"context"
	"log"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

func main() {
	ctx := context.Background()
	db, err := pgx.Connect(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatalf("database: %v", err)
	}
	opts, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		log.Fatalf("redis: %v", err)
	}
	cache := redis.NewClient(opts)
	for range time.Tick(5 * time.Second) {
		var total int64
		if err := db.QueryRow(ctx, "SELECT coalesce(sum(stock), 0) FROM products").Scan(&total); err != nil {
			log.Printf("recount: %v", err)
			continue
		}
		cache.Set(ctx, "stock:total", total, 0)
		cache.Del(ctx, "products")
	}
}
