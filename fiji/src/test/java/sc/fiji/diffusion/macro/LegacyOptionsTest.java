/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */
package sc.fiji.diffusion.macro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading macro options as ImageJ 1 and imagej-legacy do. */
class LegacyOptionsTest {

	@Test
	void bracketsHoldSpacesAndBareKeysAreFlags() {
		final String o = "model=[my model.zip] psf_file=[/a b/[1] psf.tif] show_std steps=5 name='x y' empty=[]";
		final Map<String, String> expected = new LinkedHashMap<>();
		expected.put("model", "my model.zip");
		expected.put("psf_file", "/a b/[1] psf.tif");
		expected.put("show_std", null);
		expected.put("steps", "5");
		expected.put("name", "x y");
		expected.put("empty", "");
		assertEquals(expected, LegacyOptions.parse(o));
		assertEquals("my model.zip", LegacyOptions.value(o, "model"));
		assertEquals("/a b/[1] psf.tif", LegacyOptions.value(o, "psf_file"));
		assertEquals("5", LegacyOptions.value(o, "steps"));
		assertEquals("", LegacyOptions.value(o, "empty"));
		assertTrue(LegacyOptions.bare(o, "show_std"));
		assertNull(LegacyOptions.value(o, "show_std"), "ImageJ's Macro.getValue does not see a bare key");
		assertFalse(LegacyOptions.bare(o, "steps"));
		assertNull(LegacyOptions.value(o, "seed"));
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.parse("model=[open"));
	}

	@Test
	void keysAreTheParameterNamesLowerCasedAndTheOptionsAreNot() {
		assertEquals("tile_size", LegacyOptions.key("Tile_Size"));
		assertEquals("256", LegacyOptions.value("tile_size=256", "Tile_Size"));
		assertNull(LegacyOptions.value("Tile_Size=256", "tile_size"), "ImageJ does not lower-case the option text");
		assertEquals(Collections.singletonList("Tile_Size"), LegacyOptions.unknownKeys("Tile_Size=256 seed=1", Arrays.asList("tile_size", "seed")));
		assertEquals(Collections.emptyList(), LegacyOptions.unknownKeys("tile_size=256 seed=1 show_std", Arrays.asList("Tile_Size", "seed", "show_std")));
	}

	@Test
	void imageJFindsAKeyInsideALongerKeyNotPrecededByALetter() {
		// why the bridge refuses "mask_seed=3" without "seed=" before it
		assertEquals("3", LegacyOptions.value("input=simulate mask_seed=3", "seed"));
		assertEquals("1", LegacyOptions.value("seed=1 mask_seed=3", "seed"));
		assertNull(LegacyOptions.value("noseed=3", "seed"), "preceded by a letter");
		assertNull(LegacyOptions.parse("input=simulate mask_seed=3").get("seed"));
	}

	@Test
	void valuesConvertToTheInputTypes() {
		assertEquals(5, LegacyOptions.convert("5", int.class, "steps"));
		// scijava's StringToNumberConverter tries new Integer("4.0"), which fails: Fiji would not set 4
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.convert("4.0", int.class, "steps"));
		assertEquals(-1L, LegacyOptions.convert("-1", long.class, "seed"));
		assertEquals(1.518, LegacyOptions.convert(" 1.518 ", double.class, "refractive_index"));
		assertEquals(true, LegacyOptions.convert("True", boolean.class, "show_std"));
		assertEquals(false, LegacyOptions.convert("false", boolean.class, "show_std"));
		assertEquals(new File("/a b/psf.tif"), LegacyOptions.convert("/a b/psf.tif", File.class, "psf_file"));
		assertNull(LegacyOptions.convert("", File.class, "psf_file"));
		assertEquals(" x ", LegacyOptions.convert(" x ", String.class, "name"));
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.convert("4.5", int.class, "steps"));
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.convert("3000000000", int.class, "steps"));
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.convert("yes", boolean.class, "show_std"));
		assertThrows(IllegalArgumentException.class, () -> LegacyOptions.convert("1", Object.class, "x"));
	}
}
