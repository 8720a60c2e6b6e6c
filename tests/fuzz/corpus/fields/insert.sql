INSERT INTO p (first_name, dob) VALUES ('O''Brien', '1961-03-04'), ('Ann', DATE '1970-01-02');
