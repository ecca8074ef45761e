module example.com/stock-worker

go 1.26

require (
	github.com/jackc/pgx/v5 v5.7.6
	github.com/redis/go-redis/v9 v9.16.0
)
