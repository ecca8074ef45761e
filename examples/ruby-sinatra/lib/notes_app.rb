require "sinatra/base"
require "sinatra/json"

# A small notes API: notes live in memory, one process's worth.
class NotesApp < Sinatra::Base
  NOTES = []

  configure :production do
    set :host_authorization, { permitted_hosts: [] }
  end

  get "/" do
    "hello from ruby-sinatra"
  end

  get "/notes" do
    json NOTES
  end

  post "/notes" do
    note = { id: NOTES.size + 1, text: request.body.read }
    NOTES << note
    status 201
    json note
  end
end
