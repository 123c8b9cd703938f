package loadtest

import (
	"context"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"gorm.io/driver/postgres"

	"hotlineportal/models"
)

// floorBody is an answer's size, written when a request brings no text.
var floorBody = strings.Repeat("We answer every contact and keep records. ", 8)

// FloorHandler is the floor's server: a bare Echo handler writing one row
// of an answer's size, with nothing else the portal does (no session, no
// checks, no audit). On PostgreSQL it is what an autosave would be written
// as by hand: pgx's own pool (as many connections as the portal's) and an
// upsert on the key the client names (?id=, one per client), the JSON
// narrative decoded from the body; on SQLite an insert through the
// portal's pool. `portal loadtest-floor` serves it in its own process, as
// the portal runs in its own.
func FloorHandler(db *models.DB) (http.Handler, error) {
	if err := db.Exec("CREATE TABLE IF NOT EXISTS load_floor (id TEXT PRIMARY KEY, body TEXT NOT NULL)").Error; err != nil {
		return nil, err
	}
	sqlDB, err := db.DB.DB()
	if err != nil {
		return nil, err
	}
	write := func(ctx context.Context, id, body string) error {
		_, err := sqlDB.ExecContext(ctx, "INSERT INTO load_floor (id, body) VALUES ($1, $2)", models.NewID(), body)
		return err
	}
	if d, ok := db.Dialector.(*postgres.Dialector); ok {
		cfg, err := pgxpool.ParseConfig(d.Config.DSN)
		if err != nil {
			return nil, err
		}
		cfg.MaxConns = int32(max(1, sqlDB.Stats().MaxOpenConnections))
		cfg.MinConns = cfg.MaxConns
		pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
		if err != nil {
			return nil, err
		}
		write = func(ctx context.Context, id, body string) error {
			_, err := pool.Exec(ctx, "INSERT INTO load_floor (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body", id, body)
			return err
		}
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/healthz", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	e.POST("/floor", func(c echo.Context) error {
		var in struct {
			Narrative string `json:"narrative"`
		}
		if c.Request().ContentLength > 0 {
			if err := c.Bind(&in); err != nil {
				return err
			}
		}
		id := c.QueryParam("id")
		if id == "" {
			id = models.NewID()
		}
		if in.Narrative == "" {
			in.Narrative = floorBody
		}
		if err := write(c.Request().Context(), id, in.Narrative); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]int{"version": 1})
	})
	return e, nil
}
