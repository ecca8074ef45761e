["Dune", "Middlemarch", "The Left Hand of Darkness"].each { |title| Book.find_or_create_by!(title:) }
