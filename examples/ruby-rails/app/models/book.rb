class Book < ApplicationRecord
  has_one_attached :cover do |attachable|
    attachable.variant :thumb, resize_to_limit: [ 200, 300 ]
  end

  validates :title, presence: true
end
