package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// OpenAPI is the API's description (OpenAPI 3.1), served at
// /api/openapi.json. TestOpenAPICoversEveryRoute keeps it to the routes
// Handler serves, and the API tests check answers against its schemas.
//
//go:embed openapi.json
var OpenAPI []byte

func (s *Server) openAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/json", OpenAPI)
}
