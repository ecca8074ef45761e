defmodule Storefront do
  @moduledoc """
  Storefront keeps the contexts that define your domain
  and business logic.
  """
end
