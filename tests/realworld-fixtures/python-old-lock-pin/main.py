from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"locked": "a greenlet with no wheel for Python 3.12 or 3.13"}
