package assessments_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hotlineportal/assessments"
	"hotlineportal/assessments/domaintest"
)

func TestGetHotlineIsScoped(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	cases := []struct {
		name, actor string
		hotline     string // "A", "B" or an ID
		want        error
	}{
		{"secretariat, any hotline", domaintest.Secretariat, "B", nil},
		{"manager, their own", domaintest.ManagerA, "A", nil},
		{"manager, another's", domaintest.ManagerA, "B", assessments.ErrNotFound},
		{"reviewer", domaintest.Reviewer1, "A", assessments.ErrNotFound},
		{"nobody signed in", "", "A", assessments.ErrNotFound},
		{"unknown ID", domaintest.Secretariat, peopleUnknownID, assessments.ErrNotFound},
		{"malformed ID", domaintest.Secretariat, "1 OR 1=1", assessments.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := map[string]string{"A": env.HotlineA.ID, "B": env.HotlineB.ID}[tc.hotline]
			if id == "" {
				id = tc.hotline
			}
			a := assessments.Actor{}
			if tc.actor != "" {
				a = env.Actor(tc.actor)
			}
			h, err := env.Svc.GetHotline(ctx, a, id)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && h.ID != id {
				t.Errorf("got hotline %s", h.ID)
			}
		})
	}
}

func TestListHotlines(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	cases := []struct {
		name, actor string
		q           assessments.HotlineQuery
		want        []string // English names, in order
	}{
		{"secretariat sees every hotline, by name (Greek before Cyrillic)", domaintest.Secretariat, assessments.HotlineQuery{}, []string{"The Smile of the Child", "Center Nadja"}},
		{"by country", domaintest.Secretariat, assessments.HotlineQuery{Sort: "country"}, []string{"Center Nadja", "The Smile of the Child"}},
		{"country filter, any case", domaintest.Secretariat, assessments.HotlineQuery{Country: "gr"}, []string{"The Smile of the Child"}},
		{"Greek search without accents", domaintest.Secretariat, assessments.HotlineQuery{Search: "χαμογελο"}, []string{"The Smile of the Child"}},
		{"Cyrillic search in capitals", domaintest.Secretariat, assessments.HotlineQuery{Search: "НАДЯ"}, []string{"Center Nadja"}},
		{"English name", domaintest.Secretariat, assessments.HotlineQuery{Search: "smile"}, []string{"The Smile of the Child"}},
		{"wildcards are literal", domaintest.Secretariat, assessments.HotlineQuery{Search: "_"}, nil},
		{"manager sees only their own", domaintest.ManagerA, assessments.HotlineQuery{}, []string{"The Smile of the Child"}},
		{"manager searching for another's", domaintest.ManagerB, assessments.HotlineQuery{Search: "smile"}, nil},
		{"reviewer sees none", domaintest.Reviewer1, assessments.HotlineQuery{}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, total, err := env.Svc.ListHotlines(ctx, env.Actor(tc.actor), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range items {
				got = append(got, h.EnglishName)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || total != int64(len(tc.want)) {
				t.Errorf("got %v (total %d), want %v", got, total, tc.want)
			}
		})
	}
}

func TestCreateHotline(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	valid := assessments.HotlineInput{Name: " Ztracené dítě ", EnglishName: "Lost Child", Country: "cz", Channels: []string{"Phone", "web"}, Languages: []string{"cs"}}
	cases := []struct {
		name, actor string
		in          assessments.HotlineInput
		wantErr     error
		wantField   string
	}{
		{"secretariat", domaintest.Secretariat, valid, nil, ""},
		{"manager may not", domaintest.ManagerA, valid, assessments.ErrForbidden, ""},
		{"reviewer may not", domaintest.Reviewer1, valid, assessments.ErrForbidden, ""},
		{"no name", domaintest.Secretariat, assessments.HotlineInput{Country: "CZ"}, nil, "name=error.required"},
		{"unknown channel", domaintest.Secretariat, assessments.HotlineInput{Name: "X", Country: "CZ", Channels: []string{"pigeon"}}, nil, "channels=error.channel"},
		{"website is not a web address", domaintest.Secretariat, assessments.HotlineInput{Name: "X", Country: "CZ", WebsiteURL: "javascript:alert(1)"}, nil, "website_url=error.url"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, err := env.Svc.CreateHotline(ctx, env.Actor(tc.actor), tc.in)
			if tc.wantField != "" {
				field, key, _ := strings.Cut(tc.wantField, "=")
				if got := peopleFieldKey(err, field); got != key {
					t.Fatalf("err = %v, want %s on %s", err, key, field)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err == nil && (h.Name != "Ztracené dítě" || h.Country != "CZ" || h.Version != 1 || strings.Join(h.Channels, ",") != "phone,web") {
				t.Errorf("created %+v", h)
			}
		})
	}
}

func TestUpdateHotline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name, actor string
		mine        bool // hotline A, else B
		stale       bool
		wantErr     error
		wantName    string
	}{
		{"manager edits the profile, keeps the name", domaintest.ManagerA, true, false, nil, "Το Χαμόγελο του Παιδιού"},
		{"secretariat renames", domaintest.Secretariat, true, false, nil, "Νέο όνομα"},
		{"manager, another hotline", domaintest.ManagerA, false, false, assessments.ErrNotFound, ""},
		{"reviewer", domaintest.Reviewer1, true, false, assessments.ErrNotFound, ""},
		{"stale version", domaintest.Secretariat, true, true, assessments.ErrStale, ""},
	}
	env := domaintest.New(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := env.HotlineB.ID
			if tc.mine {
				id = env.HotlineA.ID
			}
			h, herr := env.Svc.GetHotline(ctx, env.Actor(domaintest.Secretariat), id)
			if herr != nil {
				t.Fatal(herr)
			}
			in := assessments.HotlineInputFrom(h)
			in.Name, in.Country, in.OpeningHours = "Νέο όνομα", "CY", "Mon-Fri 9-17"
			version := h.Version
			if tc.stale {
				version--
			}
			got, err := env.Svc.UpdateHotline(ctx, env.Actor(tc.actor), h.ID, version, in)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got.Name != tc.wantName || got.OpeningHours != "Mon-Fri 9-17" || got.Version != h.Version+1 {
				t.Errorf("updated %+v", got)
			}
			if tc.actor == domaintest.ManagerA && got.Country != "GR" {
				t.Errorf("manager changed the country to %s", got.Country)
			}
		})
	}
}

func TestHotlineSecretariatOnly(t *testing.T) {
	t.Parallel()
	env := domaintest.New(t, nil)
	ctx := context.Background()
	for _, key := range []string{domaintest.ManagerA, domaintest.Reviewer1} {
		a := env.Actor(key)
		if err := env.Svc.SetHotlineDisabled(ctx, a, env.HotlineA.ID, true); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s disables: %v", key, err)
		}
		if _, err := env.Svc.HotlineManagers(ctx, a, env.HotlineA.ID); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s lists managers: %v", key, err)
		}
		if _, err := env.Svc.AllHotlines(ctx, a); !errors.Is(err, assessments.ErrForbidden) {
			t.Errorf("%s lists every hotline: %v", key, err)
		}
	}
	sec := env.Actor(domaintest.Secretariat)
	managers, err := env.Svc.HotlineManagers(ctx, sec, env.HotlineA.ID)
	if err != nil || len(managers) != 1 || managers[0].ID != env.Users[domaintest.ManagerA].ID {
		t.Errorf("managers of A: %v, %v", peopleNames(managers), err)
	}
	if err := env.Svc.SetHotlineDisabled(ctx, sec, env.HotlineA.ID, true); err != nil {
		t.Fatal(err)
	}
	h, err := env.Svc.GetHotline(ctx, sec, env.HotlineA.ID)
	if err != nil || !h.Disabled || h.Version != env.HotlineA.Version+1 {
		t.Errorf("after disabling: %+v, %v", h, err)
	}
	all, err := env.Svc.AllHotlines(ctx, sec)
	if err != nil || len(all) != 2 {
		t.Errorf("every hotline, disabled ones too: %d, %v", len(all), err)
	}
}
