# Field keys in other languages name their values as the English ones do
# (nombre, apellido, fecha_nac, ciudad, cp, Vorname, PLZ); a key that
# names other things too ("cp" in code) needs a value of the type's shape.
printf '%s\n' \
	"<?php" \
	"\$rows = [['nombre' => 'Leila', 'apellido' => 'Ferreira', 'fecha_nac' => '1951-03-09'," \
	"  'ciudad' => 'Missoula', 'cp' => '59801', 'telefono' => '406-721-3390']];" \
	"\$cp = 'build/out';" >seed.php
printf '%s\n' 'Vorname;Nachname;Geburtsdatum;PLZ;Wohnort' \
	'Jonas;Brandauer;1948-11-02;80331;Eichenau' >export.csv
"$PHISCAN" --fail-on never --format jsonl seed.php export.csv |
	jq -r 'select(.type) | "\(.path):\(.line):\(.col) \(.type) \(.rule)"'
