defmodule StorefrontWeb.ErrorHTML do
  @moduledoc """
  Renders error pages as plain text with the status message, e.g. "Not Found".
  """
  use StorefrontWeb, :controller

  def render(template, _assigns) do
    Phoenix.Controller.status_message_from_template(template)
  end
end
