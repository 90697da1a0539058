//! Demo establishments: France (about 190, in its 10 regional directorates,
//! with capacities and populations near the national figures of July 2026:
//! about 63,300 places and 89,400 detainees) and Poland.
//!
//! Names and figures are generated deterministically from the cities below;
//! they are realistic, not an official register.

use chrono::NaiveDate;

use crate::establishments::{Reference, ValidEstablishment};

/// (region, cities): each city gets a remand prison unless `KINDS` says otherwise.
const FRANCE: &[(&str, &[&str])] = &[
    (
        "BORDEAUX",
        &[
            "Bordeaux-Gradignan",
            "Mont-de-Marsan",
            "Poitiers-Vivonne",
            "Angoulême",
            "Limoges",
            "Périgueux",
            "Agen",
            "Saintes",
            "Rochefort",
            "Niort",
            "Guéret",
            "Tulle",
            "Bayonne",
            "Pau",
            "Saint-Martin-de-Ré",
            "Mauzac",
            "Neuvic",
            "Uzerche",
            "Eysses",
        ],
    ),
    (
        "DIJON",
        &[
            "Dijon",
            "Besançon",
            "Auxerre",
            "Nevers",
            "Châteauroux",
            "Orléans-Saran",
            "Tours",
            "Blois",
            "Bourges",
            "Chaumont",
            "Joux-la-Ville",
            "Varennes-le-Grand",
            "Montbéliard",
            "Lons-le-Saunier",
            "Vesoul",
            "Saint-Maur",
            "Châteaudun",
        ],
    ),
    (
        "LILLE",
        &[
            "Lille-Sequedin",
            "Lille-Loos",
            "Valenciennes",
            "Maubeuge",
            "Douai",
            "Arras",
            "Béthune",
            "Longuenesse",
            "Amiens",
            "Beauvais",
            "Laon",
            "Château-Thierry",
            "Liancourt",
            "Vendin-le-Vieil",
            "Bapaume",
            "Dunkerque",
            "Quiévrechain",
            "Annœullin",
        ],
    ),
    (
        "LYON",
        &[
            "Lyon-Corbas",
            "Villefranche-sur-Saône",
            "Saint-Étienne",
            "Grenoble-Varces",
            "Saint-Quentin-Fallavier",
            "Aiton",
            "Bonneville",
            "Chambéry",
            "Bourg-en-Bresse",
            "Moulins-Yzeure",
            "Riom",
            "Le Puy-en-Velay",
            "Roanne",
            "Valence",
            "Privas",
            "Aurillac",
            "Meyzieu",
        ],
    ),
    (
        "MARSEILLE",
        &[
            "Marseille-Les Baumettes",
            "Aix-Luynes",
            "Toulon-La Farlède",
            "Draguignan",
            "Grasse",
            "Nice",
            "Arles",
            "Tarascon",
            "Salon-de-Provence",
            "Avignon-Le Pontet",
            "Digne-les-Bains",
            "Gap",
            "Ajaccio",
            "Borgo",
            "Casabianda",
            "Marseille-La Valentine",
        ],
    ),
    (
        "PARIS",
        &[
            "Paris-La Santé",
            "Fleury-Mérogis",
            "Fresnes",
            "Nanterre",
            "Villepinte",
            "Bois-d'Arcy",
            "Poissy",
            "Osny",
            "Meaux-Chauconin",
            "Réau",
            "Melun",
            "Porcheville",
            "Paris-Villejuif",
            "Fresnes-CNE",
        ],
    ),
    (
        "RENNES",
        &[
            "Rennes",
            "Rennes-Vezin",
            "Nantes",
            "Brest",
            "Lorient-Ploemeur",
            "Vannes",
            "Saint-Brieuc",
            "Caen",
            "Argentan",
            "Condé-sur-Sarthe",
            "Coutances",
            "Cherbourg",
            "Le Mans-Coulaines",
            "Angers",
            "Laval",
            "Rouen",
            "Le Havre",
            "Évreux",
            "Val-de-Reuil",
            "Fontenay-le-Comte",
            "La Roche-sur-Yon",
            "Orvault",
        ],
    ),
    (
        "STRASBOURG",
        &[
            "Strasbourg",
            "Colmar",
            "Mulhouse-Lutterbach",
            "Ensisheim",
            "Oermingen",
            "Metz",
            "Nancy-Maxéville",
            "Épinal",
            "Toul",
            "Écrouves",
            "Saint-Mihiel",
            "Sarreguemines",
            "Montmédy",
            "Bar-le-Duc",
            "Châlons-en-Champagne",
            "Reims",
            "Troyes",
            "Villenauxe-la-Grande",
        ],
    ),
    (
        "TOULOUSE",
        &[
            "Toulouse-Seysses",
            "Muret",
            "Montauban",
            "Albi",
            "Rodez",
            "Cahors",
            "Tarbes",
            "Lannemezan",
            "Auch",
            "Foix",
            "Carcassonne",
            "Perpignan",
            "Béziers",
            "Villeneuve-lès-Maguelone",
            "Nîmes",
            "Mende",
            "Lavaur",
        ],
    ),
    (
        "OUTREMER",
        &[
            "Ducos",
            "Baie-Mahault",
            "Basse-Terre",
            "Rémire-Montjoly",
            "Saint-Denis de La Réunion",
            "Le Port",
            "Saint-Pierre de La Réunion",
            "Majicavo",
            "Nouméa",
            "Faa'a-Nuutania",
            "Tatutu-Papeari",
            "Saint-Pierre-et-Miquelon",
        ],
    ),
];

/// Cities whose establishment is not a remand prison.
const KINDS: &[(&str, &str)] = &[
    ("Bordeaux-Gradignan", "CP"),
    ("Mont-de-Marsan", "CP"),
    ("Poitiers-Vivonne", "CP"),
    ("Saint-Martin-de-Ré", "MC"),
    ("Mauzac", "CD"),
    ("Neuvic", "CD"),
    ("Uzerche", "CD"),
    ("Eysses", "CD"),
    ("Joux-la-Ville", "CD"),
    ("Varennes-le-Grand", "CP"),
    ("Saint-Maur", "MC"),
    ("Châteaudun", "CD"),
    ("Orléans-Saran", "CP"),
    ("Lille-Sequedin", "CP"),
    ("Liancourt", "CP"),
    ("Vendin-le-Vieil", "CP"),
    ("Bapaume", "CD"),
    ("Quiévrechain", "EPM"),
    ("Annœullin", "CP"),
    ("Lyon-Corbas", "CP"),
    ("Saint-Quentin-Fallavier", "CD"),
    ("Aiton", "CP"),
    ("Riom", "CP"),
    ("Roanne", "CD"),
    ("Meyzieu", "EPM"),
    ("Aix-Luynes", "CP"),
    ("Toulon-La Farlède", "CP"),
    ("Arles", "MC"),
    ("Tarascon", "CD"),
    ("Salon-de-Provence", "CD"),
    ("Casabianda", "CD"),
    ("Borgo", "CP"),
    ("Marseille-La Valentine", "EPM"),
    ("Marseille-Les Baumettes", "CP"),
    ("Fleury-Mérogis", "MA"),
    ("Poissy", "MC"),
    ("Réau", "CP"),
    ("Melun", "CD"),
    ("Porcheville", "EPM"),
    ("Paris-Villejuif", "CSL"),
    ("Fresnes-CNE", "CNE"),
    ("Rennes", "CP"),
    ("Nantes", "CP"),
    ("Argentan", "CD"),
    ("Condé-sur-Sarthe", "MC"),
    ("Caen", "CD"),
    ("Val-de-Reuil", "CD"),
    ("Orvault", "EPM"),
    ("Ensisheim", "MC"),
    ("Oermingen", "CD"),
    ("Toul", "CD"),
    ("Écrouves", "CD"),
    ("Montmédy", "CD"),
    ("Châlons-en-Champagne", "CP"),
    ("Villenauxe-la-Grande", "CD"),
    ("Toulouse-Seysses", "CP"),
    ("Muret", "CD"),
    ("Lannemezan", "CP"),
    ("Perpignan", "CP"),
    ("Villeneuve-lès-Maguelone", "MA"),
    ("Lavaur", "EPM"),
    ("Ducos", "CP"),
    ("Baie-Mahault", "CP"),
    ("Rémire-Montjoly", "CP"),
    ("Le Port", "CP"),
    ("Majicavo", "CP"),
    ("Nouméa", "CP"),
    ("Faa'a-Nuutania", "CP"),
    ("Tatutu-Papeari", "CD"),
];

/// Semi-liberty centres in the large cities: (region, city).
const SEMI_LIBERTY: &[(&str, &str)] = &[
    ("BORDEAUX", "Bordeaux"),
    ("DIJON", "Dijon"),
    ("LILLE", "Lille"),
    ("LYON", "Lyon"),
    ("MARSEILLE", "Marseille"),
    ("PARIS", "Paris"),
    ("PARIS", "Gagny"),
    ("RENNES", "Rennes"),
    ("STRASBOURG", "Strasbourg"),
    ("TOULOUSE", "Toulouse"),
    ("MARSEILLE", "Nice"),
    ("RENNES", "Caen"),
    ("LYON", "Grenoble"),
    ("TOULOUSE", "Montpellier"),
    ("BORDEAUX", "Limoges"),
    ("DIJON", "Besançon"),
    ("STRASBOURG", "Metz"),
    ("LILLE", "Amiens"),
    ("RENNES", "Le Mans"),
    ("PARIS", "Corbeil"),
];

const POLAND: &[(&str, &[(&str, &str)])] = &[
    ("BIALYSTOK", &[("ZK", "Białystok"), ("AS", "Suwałki")]),
    ("BYDGOSZCZ", &[("ZK", "Grudziądz"), ("AS", "Bydgoszcz")]),
    ("GDANSK", &[("ZK", "Sztum"), ("AS", "Gdańsk")]),
    ("KATOWICE", &[("ZK", "Wojkowice"), ("AS", "Katowice")]),
    ("KOSZALIN", &[("ZK", "Czarne"), ("AS", "Koszalin")]),
    ("KRAKOW", &[("ZK", "Tarnów"), ("AS", "Kraków")]),
    ("LUBLIN", &[("ZK", "Zamość"), ("AS", "Lublin")]),
    ("LODZ", &[("ZK", "Sieradz"), ("AS", "Łódź")]),
    ("OLSZTYN", &[("ZK", "Barczewo"), ("AS", "Olsztyn")]),
    ("OPOLE", &[("ZK", "Strzelce Opolskie"), ("AS", "Opole")]),
    ("POZNAN", &[("ZK", "Wronki"), ("AS", "Poznań")]),
    ("RZESZOW", &[("ZK", "Przemyśl"), ("AS", "Rzeszów")]),
    ("SZCZECIN", &[("ZK", "Goleniów"), ("AS", "Szczecin")]),
    ("WARSZAWA", &[("ZK", "Warszawa-Białołęka"), ("AS", "Warszawa-Mokotów")]),
    ("WROCLAW", &[("ZK", "Wołów"), ("AS", "Wrocław")]),
];

/// A small deterministic generator, so the demo is the same every time.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        low + ((self.0 >> 33) as i64).rem_euclid(high - low + 1)
    }
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'â' => 'A',
            'é' | 'è' | 'ê' | 'É' => 'E',
            'î' => 'I',
            'ô' | 'ó' => 'O',
            'û' => 'U',
            'ç' => 'C',
            'ł' | 'Ł' => 'L',
            'ń' => 'N',
            'ś' => 'S',
            'ą' => 'A',
            'ę' => 'E',
            'ź' | 'ż' => 'Z',
            'œ' => 'O',
            c if c.is_ascii_alphanumeric() => c.to_ascii_uppercase(),
            _ => '-',
        })
        .collect()
}

fn french_name(kind: &str, city: &str) -> String {
    let prefix = match kind {
        "MA" => "Maison d'arrêt de",
        "CP" => "Centre pénitentiaire de",
        "CD" => "Centre de détention de",
        "MC" => "Maison centrale de",
        "CSL" => "Centre de semi-liberté de",
        "EPM" => "Établissement pour mineurs de",
        _ => "Centre national d'évaluation de",
    };
    format!("{prefix} {city}")
}

/// (capacity range, occupancy range in percent) by kind: remand prisons are
/// overcrowded, sentence establishments are not.
fn sizes(kind: &str) -> ((i64, i64), (i64, i64)) {
    match kind {
        "MA" => ((120, 620), (125, 185)),
        "CP" => ((420, 900), (105, 140)),
        "CD" => ((250, 600), (85, 100)),
        "MC" => ((100, 260), (75, 95)),
        "CSL" => ((30, 110), (60, 95)),
        "EPM" => ((60, 60), (70, 95)),
        _ => ((80, 200), (60, 90)),
    }
}

/// The demo establishments, checked against the reference data like an import.
pub fn generate(reference: &Reference) -> Vec<ValidEstablishment> {
    let counted_on = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
    let mut dice = Dice::new(2026);
    let mut rows = Vec::new();
    let mut add = |dice: &mut Dice, country: &str, region: &str, kind: &str, name: String, city: &str| {
        let key = |k: &str| (country.to_owned(), k.to_owned());
        let (Some(kind_id), Some(region_id)) = (reference.kinds.get(&key(kind)), reference.regions.get(&key(region)))
        else {
            return;
        };
        let ((cap_low, cap_high), (occ_low, occ_high)) = sizes(kind);
        let capacity = dice.between(cap_low, cap_high);
        let detainees = capacity * dice.between(occ_low, occ_high) / 100;
        rows.push(ValidEstablishment {
            code: format!("{country}-{kind}-{}", slug(city)),
            name,
            country: country.to_owned(),
            kind_id: *kind_id,
            region_id: *region_id,
            city: city.to_owned(),
            address: String::new(),
            capacity,
            population: Some((counted_on, detainees)),
            open: true,
        });
    };
    for (region, cities) in FRANCE {
        for city in *cities {
            let kind = KINDS.iter().find(|(c, _)| c == city).map_or("MA", |(_, k)| k);
            add(&mut dice, "FR", region, kind, french_name(kind, city), city);
        }
    }
    for (region, city) in SEMI_LIBERTY {
        add(&mut dice, "FR", region, "CSL", french_name("CSL", city), city);
    }
    for (region, places) in POLAND {
        for (kind, city) in *places {
            let name = match *kind {
                "ZK" => format!("Zakład Karny w {city}"),
                _ => format!("Areszt Śledczy w {city}"),
            };
            add(&mut dice, "PL", region, kind, name, city);
        }
    }
    rows
}
