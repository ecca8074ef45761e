Rails.application.routes.draw do
  # Load balancers and uptime monitors ask here whether the app booted.
  get "up" => "rails/health#show", as: :rails_health_check

  resources :books, only: %i[index show]
  root "books#index"
end
