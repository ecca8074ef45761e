import os
import threading
import time


def check_forever():
    while True:
        time.sleep(60)


def main():
    from watchapp.web import app

    port = int(os.environ.get("PORT", 5050))
    threading.Thread(target=check_forever, daemon=True).start()
    app.run(host="0.0.0.0", port=port)
