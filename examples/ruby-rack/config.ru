# The whole app: a Rack lambda answering every path.
app = lambda do |env|
  body = env["PATH_INFO"] == "/" ? "hello from ruby-rack" : "not found"
  status = env["PATH_INFO"] == "/" ? 200 : 404
  [status, { "content-type" => "text/plain" }, [body]]
end

run app
