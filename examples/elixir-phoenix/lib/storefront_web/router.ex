defmodule StorefrontWeb.Router do
  use StorefrontWeb, :router

  pipeline :browser do
    plug :accepts, ["html"]
    plug :fetch_session
    plug :protect_from_forgery
    plug :put_secure_browser_headers
  end

  pipeline :api do
    plug :accepts, ["json"]
  end

  scope "/", StorefrontWeb do
    pipe_through :browser

    get "/", PageController, :home
  end

  scope "/api", StorefrontWeb do
    pipe_through :api

    get "/health", PageController, :health
  end
end
