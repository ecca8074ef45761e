import Config

config :stream, StreamWeb.Endpoint, adapter: Bandit.PhoenixAdapter

import_config "#{config_env()}.exs"
