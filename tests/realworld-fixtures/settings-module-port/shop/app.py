import uvicorn
from fastapi import FastAPI

from shop.settings import settings

app = FastAPI()


@app.get("/")
def index():
    return {"ok": True}


def main():
    uvicorn.run(
        "shop.app:app",
        host="0.0.0.0",
        port=settings.SHOP_PORT,
    )
