from fastapi import FastAPI


def create_application() -> FastAPI:
    application = FastAPI(title="notes")

    @application.get("/ping")
    def ping():
        return {"ping": "pong"}

    return application


app = create_application()
