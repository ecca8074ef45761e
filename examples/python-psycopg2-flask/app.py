import os

import psycopg2
import psycopg2.extensions
from flask import Flask, Response

app = Flask(__name__)


def connect():
    """A connection for the request; the app starts, and answers /, without a database."""
    return psycopg2.connect(os.environ["DATABASE_URL"], connect_timeout=3)


@app.get("/")
def index() -> Response:
    libpq = psycopg2.extensions.libpq_version()
    return Response(
        f"hello from python-psycopg2-flask (psycopg2 {psycopg2.__version__.split()[0]}, libpq {libpq // 10000})",
        mimetype="text/plain",
    )


@app.get("/db")
def db() -> Response:
    if "DATABASE_URL" not in os.environ:
        return Response("DATABASE_URL is not set", status=503, mimetype="text/plain")
    with connect() as conn, conn.cursor() as cur:
        cur.execute("select version()")
        (version,) = cur.fetchone()
    return Response(version, mimetype="text/plain")
