require_relative "lib/notes_app"

run NotesApp
