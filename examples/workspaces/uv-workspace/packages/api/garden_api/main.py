"""The garden API: one route answering with the shared greeting."""

from fastapi import FastAPI
from garden_core import greeting

app = FastAPI()


@app.get("/", response_class=__import__("fastapi").responses.PlainTextResponse)
def root() -> str:
    return greeting("api")
