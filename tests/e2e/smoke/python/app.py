import http.server
import os
import sys

import six

PORT = int(os.environ.get("PORT", "18083"))


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = "ok python %d.%d six=%s uid=%d\n" % (sys.version_info[0], sys.version_info[1], six.__version__, os.getuid())
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", PORT), H).serve_forever()
