app_name = "mentoring"
urlpatterns = []
