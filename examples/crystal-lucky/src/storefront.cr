# The app's entry: Lucky's server, listening on the PORT the environment gives (8080 by default).
require "lucky"

class Home::Index < Lucky::Action
  get "/" do
    plain_text "hello from crystal-lucky"
  end
end

Lucky::Server.configure do |settings|
  settings.host = "0.0.0.0"
  settings.port = ENV["PORT"]?.try(&.to_i) || 8080
  settings.secret_key_base = ENV.fetch("SECRET_KEY_BASE", "")
end

Lucky::Server.new.listen
