return rule {
  id = "broken.bad",
  title = 
}}
