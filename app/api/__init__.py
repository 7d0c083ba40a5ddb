"""The HTTP layer: routes, request/response schemas and problem responses. Only this
package imports FastAPI."""
