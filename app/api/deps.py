"""Shared dependencies, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.core.config import Settings
from app.core.errors import GeoeventsError, StoreUnavailable
from app.gazetteer.lookup import Gazetteer
from app.geoparse.pipeline import Geoparser
from app.services.articles import ArticleRepository


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_geoparser(request: Request) -> Geoparser:
    state = request.app.state
    if state.geoparser is None:
        raise state.load_error or GeoeventsError("the geoparser is not loaded")
    return state.geoparser


def get_gazetteer(request: Request) -> Gazetteer:
    return get_geoparser(request).gazetteer


def get_store(request: Request) -> ArticleRepository:
    state = request.app.state
    if state.store is None:
        raise state.store_error or StoreUnavailable("the article store is not open")
    return state.store


SettingsDep = Annotated[Settings, Depends(get_settings)]
GeoparserDep = Annotated[Geoparser, Depends(get_geoparser)]
GazetteerDep = Annotated[Gazetteer, Depends(get_gazetteer)]
StoreDep = Annotated[ArticleRepository, Depends(get_store)]
