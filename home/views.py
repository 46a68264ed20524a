from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .cards import sections_for


@login_required
def index(request):
    return render(request, "home/index.html", {"sections": sections_for(request.user)})
