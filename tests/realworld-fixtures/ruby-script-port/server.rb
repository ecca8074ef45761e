require "webrick"

# The app reads PORT and defaults to 8080; nothing in it says 9292.
server = WEBrick::HTTPServer.new(BindAddress: "0.0.0.0", Port: Integer(ENV.fetch("PORT", "8080")))
server.mount_proc("/") { |_req, res| res.body = "ok\n" }
trap("TERM") { server.shutdown }
server.start
