//! The column headers that name each built-in field, as Relata, HubSpot, Pipedrive, Salesforce, Google and
//! Outlook contact exports, Exact Online, AFAS, Teamleader, Lexoffice, e-conomic, Billy and hand-made
//! spreadsheets write them in English, Dutch, German and Danish.
//!
//! Each alias is written the way `fields::squash` reads a header: folded to plain lower-case letters and
//! digits ("E-Mail-Adresse" -> `emailadresse`, "Straße geschäftlich" -> `strassegeschaftlich`, "Land/område"
//! -> `landomrade`), separated by spaces. A unit test checks that every alias is in that form and that no
//! alias names two fields of one kind of import.

use super::types::ImportEntity;

/// (field, its aliases). The field's own name always matches too.
pub type Aliases = &'static [(&'static str, &'static str)];

/// The fields of a kind of import, as consecutive tables (the address is shared), in the order the mapping
/// offers them.
pub fn tables(entity: ImportEntity) -> &'static [Aliases] {
    match entity {
        ImportEntity::People | ImportEntity::Leads => &[PEOPLE, ADDRESS, PEOPLE_WORK],
        ImportEntity::Signups => &[PEOPLE, ADDRESS, PEOPLE_WORK, SIGNUP],
        ImportEntity::Companies => &[COMPANIES, ADDRESS, COMPANIES_CONTACT],
        ImportEntity::Deals => &[DEALS],
        ImportEntity::Activities => &[ACTIVITIES],
        ImportEntity::Orders => &[ORDERS],
    }
}

const STREET: &str = "street address streetaddress mailingstreet addressline1 \
    straat straatnaam adres adresregel1 werkadresstraat \
    strasse strassegeschaftlich strasseprivat anschrift adresse adresszeile1 strasseundhausnummer \
    vej vejnavn gade gadearbejde adresselinje1";
const HOUSE_NUMBER: &str = "housenumber huisnummer huisnr hausnummer hausnr husnummer husnr";
const POSTAL_CODE: &str = "postalcode zip zipcode postcode mailingzippostalcode mailingpostalcode werkadrespostcode \
    postleitzahl plz postleitzahlgeschaftlich postleitzahlprivat postnummer postnr postnummerarbejde";
const CITY: &str = "city town mailingcity plaats woonplaats stad gemeente vestigingsplaats werkadresplaats \
    ort stadt wohnort ortgeschaftlich ortprivat by bynavn postdistrikt byarbejde";
const REGION: &str = "region state province stateregion mailingstateprovince stateprovince county \
    provincie regio staatregio bundesland bundeslandkanton kanton landsdel statregion";
const COUNTRY: &str = "country countryregion mailingcountry countrycode land landcode landregio werkadreslandregio \
    landregion landregiongeschaftlich landregionprivat landeskennzeichen landarbejde landomrade landekode";
const PHONE: &str = "phone phonenumber telephone tel workphone businessphone officephone phonework \
    telefoon telefoonnummer telefoonwerk telefoonopwerk telefoonnrwerk zakelijketelefoon vastetelefoon telnr \
    telefon telefonnummer telefongeschaftlich festnetz telefonnr \
    telefonarbejde arbejdstelefon firmatelefon tlf tlfnr";
const WEBSITE: &str = "website url web websiteurl homepage webpagina webadres internetadres \
    webseite internetseite internetadresse hjemmeside webside";
const OWNER: &str = "owner contactowner leadowner accountowner ownername assignedto salesrep \
    eigenaar eigenaarcontactpersoon contacteigenaar accountmanager verantwoordelijke \
    besitzer inhaber kontaktinhaber zustandig verantwortlich betreuer kundenbetreuer \
    ejer kontaktejer ansvarlig kundeansvarlig salgsansvarlig";
const TAGS: &str = "tags tag labels label categories trefwoorden categorieen kenmerken etiketten \
    schlagworter schlagwort stichworter kategorien kategorie kategorier etiketter maerker emneord";

const PEOPLE: Aliases = &[
    ("first_name", "firstname first fname givenname forename voornaam roepnaam vorname rufname fornavn"),
    ("last_name", "lastname last lname surname familyname achternaam familienaam nachname familienname efternavn"),
    ("last_name_prefix", "tussenvoegsel tussenvoegsels voorvoegsel voorvoegsels"),
    (
        "full_name",
        "name fullname contactname contact personname displayname naam volledigenaam contactpersoon contactnaam \
         weergavenaam vollstandigername vollername ansprechpartner anzeigename kontakt \
         navn fuldenavn fuldtnavn kontaktperson kontaktnavn visningsnavn",
    ),
    (
        "email",
        "email emailaddress mail workemail businessemail primaryemail emailwork \
         emailadres mailadres emailwerk emailzakelijk zakelijkemail \
         emailadresse emailgeschaftlich mailadresse emailarbejde arbejdsemail",
    ),
    (
        "email_home",
        "homeemail personalemail privateemail emailhome priveemail emailprive emailthuis \
         emailprivat privatemail privatmail emailhjem",
    ),
    (
        "email_other",
        "otheremail secondaryemail email2 email3 emailother additionalemail email2address \
         emailadres2 andereemail email2adresse emailadresse2 weitereemail andenemail",
    ),
    ("phone", PHONE),
    (
        "mobile",
        "mobile mobilephone mobilephonenumber cell cellphone phonemobile \
         mobiel mobielnummer mobielnr mobieletelefoon mobieltelefoonnummer mobielwerk gsm \
         handy handynummer mobiltelefon mobilnummer mobil mobiltelefonnummer mobilnr",
    ),
    (
        "phone_home",
        "homephone phonehome telefoonthuis thuistelefoon privetelefoon telefonprivat privattelefon \
         hjemmetelefon telefonhjem",
    ),
    ("phone_other", "otherphone phoneother phone2 anderetelefoon telefoon2 weiteretelefon telefon2 andentelefon"),
];

/// A postal address, of a person or a company.
const ADDRESS: Aliases = &[
    ("street", STREET),
    ("house_number", HOUSE_NUMBER),
    ("postal_code", POSTAL_CODE),
    ("city", CITY),
    ("region", REGION),
    ("country", COUNTRY),
];

/// A person's work, origin and notes.
const PEOPLE_WORK: Aliases = &[
    (
        "company",
        "company companyname companynaam companynavn accountname account organization organisation \
         organizationname org associatedcompany bedrijf bedrijfsnaam organisatie organisatienaam relatie \
         relatienaam firma firmenname unternehmen organisationname virksomhed virksomhedsnavn firmanavn selskab",
    ),
    (
        "job_title",
        "jobtitle title position role companytitle companytitel functie functietitel beroep \
         berufsbezeichnung stellenbezeichnung jobtitel funktion stilling stillingsbetegnelse",
    ),
    ("owner", OWNER),
    (
        "source",
        "source leadsource originalsource bron leadbron herkomst oorspronkelijkebron \
         quelle leadquelle herkunft originalquelle kilde leadkilde oprindeligkilde",
    ),
    ("language", "language preferredlanguage taal voorkeurstaal sprache korrespondenzsprache sprog foretrukketsprog"),
    (
        "lifecycle",
        "lifecycle lifecyclestage levenscyclus levenscyclusfase lebenszyklus lebenszyklusphase \
         livscyklus livscyklusfase",
    ),
    ("status", "status leadstatus statusvanlead"),
    ("tags", TAGS),
    (
        "external_id",
        "externalid id recordid contactid leadid personid externeid externid relatienummer relatiecode \
         klantnummer debiteurnummer contactnummer kundennummer kundenid datensatzid kontaktid \
         kundenummer kundeid kontaktnummer debitornummer postid",
    ),
    ("website", WEBSITE),
    ("linkedin", "linkedin linkedinurl linkedinprofile linkedinprofiel linkedinprofil"),
    (
        "note",
        "note notes description comments comment notitie notities opmerking opmerkingen omschrijving \
         notiz notizen bemerkung bemerkungen anmerkungen kommentar kommentare beschreibung \
         notat notater noter bemaerkninger beskrivelse kommentarer",
    ),
];

/// A signup's consent: whether it was given, for what, when, and when a double opt-in confirmed it
/// (Mailchimp writes OPTIN_TIME and CONFIRM_TIME).
const SIGNUP: Aliases = &[
    (
        "consent",
        "consent consentgiven gdprconsent marketingconsent newsletterconsent optin optedin subscribed accepted \
         toestemming toestemminggegeven akkoord einwilligung zustimmung eingewilligt samtykke samtykket",
    ),
    (
        "consent_purpose",
        "purpose consentpurpose listname doel toestemmingsdoel zweck einwilligungszweck formal samtykkeformal",
    ),
    (
        "consented_at",
        "consentedat consenttime consentdate signuptime signupdate signedupat subscribedat optintime optindate \
         timestamp date createdat aangemeldop aanmelddatum inschrijfdatum toestemmingsdatum datum \
         anmeldedatum einwilligungsdatum zeitstempel tilmeldt tilmeldingsdato samtykkedato tidsstempel dato",
    ),
    (
        "confirmed_at",
        "confirmedat confirmtime confirmationtime confirmdate doubleoptinat doubleoptin optinconfirmed \
         optinconfirmedat bevestigdop bevestigingsdatum bestatigtam bestatigungsdatum doubleoptindatum \
         bekraeftet bekraeftelsesdato",
    ),
];

const COMPANIES: Aliases = &[
    (
        "name",
        "name companyname accountname organization organisation organizationname company \
         bedrijfsnaam bedrijf organisatie organisatienaam naam firmenname firma unternehmen \
         virksomhedsnavn virksomhed firmanavn navn",
    ),
    ("domain", "domain companydomainname domainname domein domaene"),
    ("industry", "industry branche sector industrie"),
];

const COMPANIES_CONTACT: Aliases = &[("phone", PHONE), ("website", WEBSITE), ("owner", OWNER), ("tags", TAGS)];

const DEALS: Aliases = &[
    ("title", "title dealname name opportunityname deal"),
    ("value", "value amount dealvalue dealamount"),
    ("currency", "currency currencycode dealcurrency"),
    ("pipeline", "pipeline dealpipeline"),
    ("stage", "stage dealstage stagename"),
    ("expected_close", "expectedclose expectedclosedate closedate expectedclosingdate"),
    ("probability", "probability winprobability dealprobability"),
    ("status", "status dealstatus"),
    ("lost_reason", "lostreason closedlostreason"),
    ("person_email", "personemail contactemail email"),
    ("company", "company companyname accountname organization organizationname"),
    ("owner", "owner dealowner opportunityowner"),
];

const ACTIVITIES: Aliases = &[
    ("kind", "kind type activitytype"),
    ("direction", "direction"),
    ("subject", "subject title"),
    ("body", "body note notes description content text"),
    ("occurred_at", "occurredat date datetime activitydate timestamp when duedate"),
    ("duration_minutes", "durationminutes duration"),
    ("person_email", "personemail contactemail email"),
    ("company", "company companyname accountname organization"),
    ("deal", "deal dealtitle dealname"),
];

/// Order lines: the UCI "Online Retail" columns (InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
/// UnitPrice, CustomerID, Country; "Online Retail II" writes Invoice, Price, Customer ID), Shopify,
/// WooCommerce and ERP exports in the four languages.
const ORDERS: Aliases = &[
    (
        "number",
        "invoiceno invoice invoicenumber invoiceid ordernumber orderno orderid order name \
         factuurnummer factuurnr factuur ordernummer ordernr bestelnummer bestelling \
         rechnungsnummer rechnungsnr rechnung bestellnummer bestellnr auftragsnummer \
         fakturanummer fakturanr faktura ordrenummer ordrenr",
    ),
    (
        "sku",
        "stockcode sku itemcode productcode productid articlenumber itemnumber lineitemsku partnumber \
         artikelnummer artikelnr artikelcode productnummer materialnummer \
         varenummer varenr produktnummer",
    ),
    (
        "description",
        "productname itemname lineitemname product item title omschrijving artikelomschrijving productnaam \
         artikel beschreibung artikelbezeichnung bezeichnung produktname beskrivelse varenavn produktnavn vare",
    ),
    ("quantity", "qty lineitemquantity quantityordered aantal menge anzahl stuck antal stk"),
    (
        "ordered_at",
        "invoicedate orderdate date createdat paidat datecreated ordered factuurdatum besteldatum datum \
         rechnungsdatum bestelldatum auftragsdatum fakturadato ordredato dato",
    ),
    (
        "unit_price",
        "unitprice price lineitemprice itemprice priceeach prijs stukprijs eenheidsprijs \
         einzelpreis preis stuckpreis stykpris enhedspris pris",
    ),
    (
        "customer_id",
        "customerid customer customerno customernumber clientid klantnummer klantnr klantid klant \
         kundennummer kundennr kundenid kunde kundenummer kundeid",
    ),
    ("email", "customeremail emailaddress mail klantemail emailadres kundenemail kundeemail"),
    ("country", "billingcountry shippingcountry countrycode land landcode lande"),
    ("currency", "currencycode valuta munteenheid wahrung wahrungscode"),
    ("vat_rate", "vat vatrate taxrate tax btw btwtarief btwpercentage mwst mwstsatz ust steuersatz moms momssats"),
];
