"""Catalogue API: products from PostgreSQL, cached in Redis for a minute."""

import json
import os

import psycopg
import redis
from fastapi import FastAPI

app = FastAPI()
cache = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


def database_url() -> str:
    # psycopg takes a libpq URL; SQLAlchemy's driver suffix is dropped.
    return os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://", 1)


@app.get("/products")
def products() -> list[dict]:
    cached = cache.get("products")
    if cached:
        return json.loads(cached)
    with psycopg.connect(database_url()) as conn:
        rows = conn.execute("SELECT id, name, stock FROM products ORDER BY id").fetchall()
    items = [{"id": r[0], "name": r[1], "stock": r[2]} for r in rows]
    cache.setex("products", 60, json.dumps(items))
    return items


@app.get("/")
def health() -> dict:
    return {"status": "ok"}
