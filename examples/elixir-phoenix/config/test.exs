import Config

# We don't run a server during test. If one is required,
# you can enable the server option below.
config :storefront, StorefrontWeb.Endpoint,
  http: [ip: {127, 0, 0, 1}, port: 4002],
  secret_key_base: "Yx4QkT0bN2zW8fH1rS6mV3cJ9pL5dA7gE0uI2oK4nB8tR6wZ1qX3yC5vM7hF9jD2",
  server: false

# Print only warnings and errors during test
config :logger, level: :warning

# Initialize plugs at runtime for faster test compilation
config :phoenix, :plug_init_mode, :runtime
