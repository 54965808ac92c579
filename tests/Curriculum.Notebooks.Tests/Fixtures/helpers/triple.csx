int Triple(int value) => 3 * value;
