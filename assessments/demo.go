package assessments

import (
	"context"
	"errors"
	"fmt"

	"hotlineportal/models"
)

// DemoAccount is a demo sign-in, printed at start-up in demo mode only.
type DemoAccount struct {
	Role     models.Role
	Email    string
	Password string
	Name     string
}

// demoHotlines are real 116 000 operators (domain/criteria.md), each named
// in its own script.
var demoHotlines = []HotlineInput{
	{Name: "Το Χαμόγελο του Παιδιού", EnglishName: "The Smile of the Child", Country: "GR", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"el", "en"}, OpeningHours: "24/7", WebsiteURL: "https://www.hamogelo.gr"},
	{Name: "Фондация „Център Надя“", EnglishName: "Center Nadja Foundation", Country: "BG", Channels: []string{"phone", "email", "web"}, Languages: []string{"bg", "en"}, OpeningHours: "24/7", WebsiteURL: "http://www.centrenadja.com"},
	{Name: "ГО «Магнолія» – «Служба розшуку дітей»", EnglishName: "NGO Magnolia", Country: "UA", Channels: []string{"phone", "web"}, Languages: []string{"uk", "en"}, OpeningHours: "24/7", WebsiteURL: "https://missingchildren.org.ua"},
	{Name: "Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych", EnglishName: "ITAKA Foundation", Country: "PL", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"pl", "en"}, OpeningHours: "24/7"},
	{Name: "Dingusių žmonių šeimų paramos centras", EnglishName: "Missing Persons' Families Support Centre", Country: "LT", Channels: []string{"phone", "email", "web"}, Languages: []string{"lt", "en", "ru"}, OpeningHours: "24/7"},
	{Name: "Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS", EnglishName: "FOCUS Romanian Centre for Missing and Sexually Exploited Children", Country: "RO", Channels: []string{"phone", "web"}, Languages: []string{"ro", "en", "fr", "es"}, OpeningHours: "24/7"},
	{Name: "«Hope For Children» CRC Policy Center & ΣΠΑΒΟ", EnglishName: "HFC & SPAVO consortium", Country: "CY", Channels: []string{"phone", "email", "web"}, Languages: []string{"el", "en"}, OpeningHours: "24/7"},
	{Name: "Ztracené dítě", EnglishName: "Lost Child", Country: "CZ", Channels: []string{"phone", "web"}, Languages: []string{"cs", "en"}, OpeningHours: "24/7"},
	{Name: "Kék Vonal – Eltűnt Gyerekek Segélyvonala", EnglishName: "Blue Line Missing Children Hotline", Country: "HU", Channels: []string{"phone", "chat", "web"}, Languages: []string{"hu", "en"}, OpeningHours: "24/7", WebsiteURL: "https://www.kek-vonal.hu"},
	{Name: "Fundación ANAR – Teléfono/Chat ANAR 116 000", EnglishName: "ANAR Foundation", Country: "ES", Channels: []string{"phone", "chat", "web"}, Languages: []string{"es", "en"}, OpeningHours: "24/7", WebsiteURL: "https://www.anar.org"},
	{Name: "Droit d'Enfance – 116 000 Enfants Disparus", EnglishName: "Droit d'Enfance foundation", Country: "FR", Channels: []string{"phone", "email", "web"}, Languages: []string{"fr", "en"}, OpeningHours: "24/7", WebsiteURL: "https://www.116000enfantsdisparus.fr"},
	{Name: "Centar za nestalu i zlostavljanu djecu (CNZD)", EnglishName: "Centre for Missing and Abused Children", Country: "HR", Channels: []string{"phone", "web"}, Languages: []string{"hr", "en"}, OpeningHours: "24/7"},
	{Name: "Instituto de Apoio à Criança (IAC) – Linha SOS Criança Desaparecida", EnglishName: "Institute for Child Support", Country: "PT", Channels: []string{"phone", "chat", "email", "web"}, Languages: []string{"pt", "en"}, OpeningHours: "24/7", WebsiteURL: "https://iacrianca.pt"},
	{Name: "Child Focus – Stichting voor vermiste en seksueel uitgebuite kinderen", EnglishName: "Child Focus", Country: "BE", Channels: []string{"phone", "email", "web"}, Languages: []string{"nl", "fr", "de", "en"}, OpeningHours: "24/7", WebsiteURL: "https://childfocus.be"},
	{Name: "Initiative Vermisste Kinder", EnglishName: "Missing Children Initiative", Country: "DE", Channels: []string{"phone", "web"}, Languages: []string{"de", "en"}, OpeningHours: "24/7", WebsiteURL: "https://initiative-vermisste-kinder.de"},
}

// demoPassword is the shared password of the demo accounts; it exists only
// in a database seeded with --demo.
const demoPassword = "demo-116000-portal"

type demoUser struct {
	in          UserInput
	hotlineName string
}

var demoUsers = []demoUser{
	{in: UserInput{Email: "secretariat@demo.116000.example", Name: "Sofie Martens", Role: "secretariat", Country: "BE", Language: "en"}},
	{in: UserInput{Email: "manager.gr@demo.116000.example", Name: "Ελένη Παπαδοπούλου", Role: "manager", Country: "GR", Language: "en"}, hotlineName: "Το Χαμόγελο του Παιδιού"},
	{in: UserInput{Email: "manager.bg@demo.116000.example", Name: "Мария Иванова", Role: "manager", Country: "BG", Language: "en"}, hotlineName: "Фондация „Център Надя“"},
	{in: UserInput{Email: "manager.pl@demo.116000.example", Name: "Katarzyna Wiśniewska", Role: "manager", Country: "PL", Language: "en"}, hotlineName: "Fundacja ITAKA – Centrum Poszukiwań Ludzi Zaginionych"},
	{in: UserInput{Email: "manager.ua@demo.116000.example", Name: "Олена Коваленко", Role: "manager", Country: "UA", Language: "en"}, hotlineName: "ГО «Магнолія» – «Служба розшуку дітей»"},
	{in: UserInput{Email: "manager.lt@demo.116000.example", Name: "Rūta Kazlauskienė", Role: "manager", Country: "LT", Language: "en"}, hotlineName: "Dingusių žmonių šeimų paramos centras"},
	{in: UserInput{Email: "manager.ro@demo.116000.example", Name: "Andreea Popescu", Role: "manager", Country: "RO", Language: "fr"}, hotlineName: "Centrul Român pentru Copii Dispăruți și Exploatați Sexual – FOCUS"},
	{in: UserInput{Email: "manager.cy@demo.116000.example", Name: "Άντρη Γεωργίου", Role: "manager", Country: "CY", Language: "el"}, hotlineName: "«Hope For Children» CRC Policy Center & ΣΠΑΒΟ"},
	{in: UserInput{Email: "manager.cz@demo.116000.example", Name: "Petra Nováková", Role: "manager", Country: "CZ", Language: "en"}, hotlineName: "Ztracené dítě"},
	{in: UserInput{Email: "manager.hu@demo.116000.example", Name: "Eszter Nagy", Role: "manager", Country: "HU", Language: "en"}, hotlineName: "Kék Vonal – Eltűnt Gyerekek Segélyvonala"},
	{in: UserInput{Email: "manager.es@demo.116000.example", Name: "Lucía Fernández", Role: "manager", Country: "ES", Language: "es"}, hotlineName: "Fundación ANAR – Teléfono/Chat ANAR 116 000"},
	{in: UserInput{Email: "manager.fr@demo.116000.example", Name: "Camille Laurent", Role: "manager", Country: "FR", Language: "fr"}, hotlineName: "Droit d'Enfance – 116 000 Enfants Disparus"},
	{in: UserInput{Email: "manager.hr@demo.116000.example", Name: "Ivana Horvat", Role: "manager", Country: "HR", Language: "en"}, hotlineName: "Centar za nestalu i zlostavljanu djecu (CNZD)"},
	{in: UserInput{Email: "manager.pt@demo.116000.example", Name: "Ana Ferreira", Role: "manager", Country: "PT", Language: "en"}, hotlineName: "Instituto de Apoio à Criança (IAC) – Linha SOS Criança Desaparecida"},
	{in: UserInput{Email: "manager.de@demo.116000.example", Name: "Julia Schneider", Role: "manager", Country: "DE", Language: "de"}, hotlineName: "Initiative Vermisste Kinder"},
	{in: UserInput{Email: "manager.be@demo.116000.example", Name: "Lotte Peeters", Role: "manager", Country: "BE", Language: "fr"}, hotlineName: "Child Focus – Stichting voor vermiste en seksueel uitgebuite kinderen"},
	{in: UserInput{Email: "reviewer.lt@demo.116000.example", Name: "Jonas Petrauskas", Role: "reviewer", Country: "LT", Language: "en", Languages: []string{"lt", "en", "ru"}, Expertise: "Case management, cross-border cases"}},
	{in: UserInput{Email: "reviewer.es@demo.116000.example", Name: "Marta García López", Role: "reviewer", Country: "ES", Language: "en", Languages: []string{"es", "en", "pt"}, Expertise: "Chat and digital services"}},
	{in: UserInput{Email: "reviewer.fr@demo.116000.example", Name: "Claire Dubois", Role: "reviewer", Country: "FR", Language: "fr", Languages: []string{"fr", "en", "el"}, Expertise: "Data protection, governance"}},
	{in: UserInput{Email: "reviewer.it@demo.116000.example", Name: "Giulia Rossi", Role: "reviewer", Country: "IT", Language: "it", Languages: []string{"it", "en", "es"}, Expertise: "Telephony, quality assurance"}},
	{in: UserInput{Email: "reviewer.nl@demo.116000.example", Name: "Pieter de Vries", Role: "reviewer", Country: "NL", Language: "en", Languages: []string{"nl", "en", "de"}, Expertise: "Law enforcement cooperation"}},
}

// SeedDemo fills an empty network with real operators and one account per
// role (and more), and returns the demo sign-ins. Running it again adds
// nothing twice.
func (s *Service) SeedDemo(ctx context.Context) ([]DemoAccount, error) {
	a := Actor{IP: "demo-seed", RequestID: "demo-seed", User: &models.User{Role: models.RoleSecretariat, Email: "demo-seed"}}
	ids := map[string]string{}
	for _, in := range demoHotlines {
		h, err := models.HotlineByName(ctx, s.db, in.Name)
		if errors.Is(err, models.ErrNotFound) {
			h, err = s.CreateHotline(ctx, a, in)
		}
		if err != nil {
			return nil, fmt.Errorf("demo hotline %s: %w", in.Name, err)
		}
		ids[in.Name] = h.ID
	}
	var out []DemoAccount
	for _, du := range demoUsers {
		in := du.in
		in.HotlineID = ids[du.hotlineName]
		_, err := models.UserByEmail(ctx, s.db, in.Email)
		if errors.Is(err, models.ErrNotFound) {
			_, err = s.CreateUserWithPassword(ctx, a, in, demoPassword)
		}
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", in.Email, err)
		}
		out = append(out, DemoAccount{Role: models.Role(in.Role), Email: in.Email, Password: demoPassword, Name: in.Name})
	}
	if err := s.seedDemoNetwork(ctx, ids); err != nil {
		return nil, fmt.Errorf("demo network: %w", err)
	}
	return out, nil
}
