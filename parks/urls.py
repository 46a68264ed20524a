app_name = "parks"
urlpatterns: list = []
