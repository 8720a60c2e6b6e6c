# The bundled packs on cues that sit at a distance or read two ways: a
# bare ten-digit number up to 48 bytes after "contact" is a phone; "Dr."
# after a house number and a street name is Drive, so the address is
# found and "Apt" is no name.
printf '%s\n' \
	'Emergency contact: mother Charlotte Pierce, 6799656609.' \
	'Pinecrest Family Medicine' \
	'68 Lincoln Dr. Apt. 895' \
	'Seen by Dr. Yevgenia Ostrowska.' >note.txt
"$PHISCAN" --fail-on never --format jsonl note.txt |
	jq -r 'select(.type) | "\(.line):\(.col) \(.type) \(.rule)"'
