from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"pinned": "a psycopg2-binary with no wheel for the newest Python"}
